"""Teaching texts, one module per demo: EXPLAINERS as (title, markdown) pairs, read by both front ends."""
