"""Training the shipped models (``marsad train …``): an application service.

It sits above the engines and may read inputs through ``readers``; the engines
it trains (``ner.crf``, ``text.dotless_context``) never import it.  Scoring a
trained model is ``marsad.evaluate``'s job.
"""
