"""The JSON API and the offline dashboard (``marsad serve``)."""
