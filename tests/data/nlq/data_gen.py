"""What every gen_*_data.py in this folder shares: how Brazilian exports write numbers."""


def br(v):
    """A number as Brazilian spreadsheets export it: two decimals and a decimal comma (1234,50)."""
    return f"{v:.2f}".replace(".", ",")
