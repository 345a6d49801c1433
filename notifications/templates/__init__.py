# A package only so that setuptools ships the templates beside the code.
