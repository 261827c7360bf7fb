import sys

from mockvoice.cli import main

sys.exit(main())
