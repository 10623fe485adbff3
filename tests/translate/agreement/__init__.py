"""Helpers of the SQL/Python expression agreement test (`test_expr_agreement.py`)."""
