"""Palabre's Chalice application: creates the app, registers blueprints and middleware, nothing else."""
from chalice import Chalice

from chalicelib.api import auth_routes, debates, extracts, health, ideas, jobs, posts, syntheses
from chalicelib.api.middleware import register_middleware

app = Chalice(app_name="palabre")

for blueprint in (health.bp, auth_routes.bp, debates.bp, ideas.bp, posts.bp, extracts.bp, syntheses.bp,
                  jobs.bp):
    app.register_blueprint(blueprint)

register_middleware(app)
