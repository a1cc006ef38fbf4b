-- julianday (0001_init.sql) took the epoch with extract(), which returns
-- numeric since PostgreSQL 14: numeric arithmetic per row cost the report
-- about 0.7 µs a call, 0.5 s of its lifecycle and time-to-match sections
-- on the 100,000-person benchmark (docs/benchmarks.md "Reports").
-- date_part() gives the same epoch as double precision (exact for
-- microsecond timestamps of this era: under 2^53 microseconds).
CREATE OR REPLACE FUNCTION julianday(t TIMESTAMP) RETURNS DOUBLE PRECISION
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN date_part('epoch', t) / 86400.0 + 2440587.5;
