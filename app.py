"""Palabre's Chalice application: creates the app, registers blueprints and middleware, nothing else."""
from chalice import Chalice

from chalicelib.api import auth_routes, debates, extracts, health, ideas, jobs, moderation, posts, syntheses
from chalicelib.api import summaries, votes
from chalicelib.api.middleware import register_middleware

app = Chalice(app_name="palabre")

for blueprint in (health.bp, auth_routes.bp, debates.bp, ideas.bp, posts.bp, extracts.bp, syntheses.bp,
                  moderation.bp, jobs.bp):
    app.register_blueprint(blueprint)
votes.register(app)  # vote sessions: blueprint + XLSX as a binary media type
app.register_blueprint(summaries.bp)  # periodic summaries (issue 5)

register_middleware(app)
