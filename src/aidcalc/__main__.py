"""``python -m aidcalc``: the ``aidcalc`` command line."""

from aidcalc.cli import main

if __name__ == "__main__":
    main(prog_name="aidcalc")
