"""Evaluation: cases, runner, metrics, reports."""
