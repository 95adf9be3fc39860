from goleash.cli.main import main

raise SystemExit(main())
