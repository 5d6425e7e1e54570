import sys

from clusterkg.cli.main import main

sys.exit(main())
