"""`python -m zhengxie_parse`, the same as the `zxparse` command."""

from .cli import main

main()
