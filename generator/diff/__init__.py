"""One differ for migrations and drift: two models in, ordered typed changes out."""
