"""python -m mockvoice: the same as the mockvoice command."""
import sys

from mockvoice.cli import main

sys.exit(main())
