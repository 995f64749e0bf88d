"""The team server (issue 17): who is signed in, what their access level allows, and
the JupyterHub configuration that puts a project behind real sign-in."""
