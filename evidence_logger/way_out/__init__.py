"""The borrower's way out: debts in the order to deal with them and why (true rate, the cap
that binds each lender), the negotiation record and its letters, the repayment plan, scam
warnings and the warning against silence. Qt-free; the CLI and the window use it alike."""
