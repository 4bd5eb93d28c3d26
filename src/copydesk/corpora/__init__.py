"""References and scoring: segment alignment and sacrebleu metrics."""
