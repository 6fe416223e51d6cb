"""Exact arithmetic: polynomials, constraints, Fourier-Motzkin and branch and bound."""
