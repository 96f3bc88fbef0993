"""`borderflow` (the console script) and `python -m borderflow`: the command line, imported
only when it runs. Worker processes started with 'spawn' import the main script again as
`__mp_main__`; this keeps the command line's imports (typer, rich, every command) out of them."""


def main() -> None:
    from borderflow.cli import app

    app()


if __name__ == "__main__":
    main()
