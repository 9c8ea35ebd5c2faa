//! Template syntax: the guide's `{{ … }}` expressions and Apache Velocity as Genesys uses it.
