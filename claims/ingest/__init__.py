"""Turning seed files into tracker data: reference lists and, stage by stage, articles."""
