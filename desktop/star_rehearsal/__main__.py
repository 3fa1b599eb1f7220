from star_rehearsal.cli import main

raise SystemExit(main())
