"""Hand-written extensions of Harbour Talks: specc created this package once and never overwrites it.

Every module here is imported when the app starts (`app.core.extensions`):

- a module-level `router = APIRouter(...)` is included in the app, before the
  generated routers;
- hooks registered on an entity's `hooks` (`app.services.<entity>.hooks`, see
  `app.services.hooks`) run before and after its writes, in their transaction,
  and may refuse a write by raising `app.core.errors.RuleBroken` or `Conflict`;
- templates in `templates/` here replace the web UI's templates of the same name.

Tests of this code go in `tests/custom/`: the build gate runs them with the
generated tests, and a failing one stops the build.
"""
