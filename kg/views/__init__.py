"""kg's HTML views beside the network view of :mod:`kg.view`: the map and the timeline.

:mod:`kg.views.common` holds what every page shares (the articles behind the facts,
escaping, safe links, the offline page shell); :mod:`kg.views.map` and
:mod:`kg.views.timeline` each write one self-contained page.
"""
