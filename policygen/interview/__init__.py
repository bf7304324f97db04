"""The question flow of ``policygen init`` (questionary).

A build never imports it.
"""
