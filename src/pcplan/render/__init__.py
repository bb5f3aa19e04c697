"""Documents made from records: the one-page profile, the personalised learning plan, an index.

Data flows one way: a loaded record becomes a view model (:mod:`pcplan.render.views`), which
a template (built-in, or the school's override of one block) turns into HTML or Markdown
(:mod:`pcplan.render.documents`).
"""
