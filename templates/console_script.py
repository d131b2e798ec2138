# -*- coding: utf-8 -*-
import sys
from @MODULE@ import @IMPORT_NAME@
if __name__ == "__main__":
    sys.exit(@CALL@())
