"""Events quizzes announce to the layers above it (progress, teachers …).

Both signals are sent *inside* the submit's database transaction, after the
attempt and the mastery rows are written: a receiver's own writes (an xAPI
statement, a progress summary) commit or roll back together with the submit.
A receiver that talks to the outside world should wrap that in
``transaction.on_commit``.

* ``attempt_submitted(sender=Attempt, attempt=<Attempt>)`` — once per attempt,
  whatever the number of submit requests (two tabs, a retried POST, the time
  limit): ``attempt.points``, ``max_points``, ``score`` (0–1), ``passed``,
  ``quiz_id``, ``quiz_key`` (the quiz page's translation_key) and
  ``timed_out`` are set; ``attempt.quiz`` (with its locale) and ``attempt.user``
  are loaded, so a receiver reads them without a query.
* ``attempt_started(sender=Attempt, attempt=<Attempt>)`` — once per new attempt,
  inside the start's transaction: ``user_id``, ``quiz_key`` and ``started_at`` are set.
* ``mastery_changed(sender=OutcomeMastery, user=<User>, outcome_codes=[…])`` —
  the outcome codes whose mastery rows the submit updated; read the new state
  with ``quizzes.mastery_records.mastery_for([user.pk], outcome_codes)``.
"""

from django.dispatch import Signal

attempt_started = Signal()
attempt_submitted = Signal()
mastery_changed = Signal()
