"""The app's work between the views and core, without Qt: the take's flow (services.take),
its steps (services.take_steps), one path from audio to a scored take (services.scoring),
recovery of takes a kill left unfinished (services.recovery) and the mock interview's writes
(services.practice). The window, the CLI and the benchmarks all call these."""
