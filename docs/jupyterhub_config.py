# An example JupyterHub configuration for a school that designs units with pbl-author.
#
# Every teacher and coach gets their own JupyterLab, started in their home folder, with
# the pbl-author designer. Everyone shares /srv/pbl-library (a git repository, group
# pbl-teachers) to publish units and leave reviews, and a read-only framework store in
# /srv/pbl-frameworks. docs/jupyterhub.md explains each part, how to set up the
# folders, and how the library site is built and served.
#
# Try it on one machine:  sudo /opt/jupyterhub/bin/jupyterhub -f jupyterhub_config.py
# (SystemdSpawner starts each server as that teacher's unix account, so the hub runs as
# root.) Change every value marked CHANGE before real teachers log in.

import os
import sys

c = get_config()  # noqa: F821  (JupyterHub defines get_config when it loads this file)

# Where the single-user environment lives: Python with jupyterhub, jupyterlab and
# pbl-author installed (pbl-author's JupyterLab extension is prebuilt: no Node needed).
SINGLEUSER_ENV = "/opt/pbl/venv"
LIBRARY = "/srv/pbl-library"  # shared, read-write for the group below
FRAMEWORKS = "/srv/pbl-frameworks"  # shared, read-only for teachers
TEACHERS_GROUP = "pbl-teachers"

# "systemd": one systemd service per teacher, as their own unix account (shown here).
# "docker": one container per teacher from an image with pbl-author installed.
SPAWNER = os.environ.get("PBL_HUB_SPAWNER", "systemd")

# -- the hub ---------------------------------------------------------------------------

c.JupyterHub.bind_url = "http://:8000"  # CHANGE: put TLS in front (or set ssl_cert/ssl_key)
c.JupyterHub.cookie_secret_file = "/srv/jupyterhub/jupyterhub_cookie_secret"
c.JupyterHub.db_url = "sqlite:////srv/jupyterhub/jupyterhub.sqlite"
c.JupyterHub.cleanup_servers = False  # restarting the hub leaves teachers' servers running

# -- who may log in --------------------------------------------------------------------
#
# The school chooses the authenticator: its own single sign-on through OAuthenticator
# (Google Workspace, Microsoft Entra ID, or GenericOAuthenticator for any OpenID Connect
# provider), or LTI 1.3 (ltiauthenticator) so teachers arrive from the LMS. With
# SystemdSpawner every hub user needs a unix account: use the "Local" variant of the
# authenticator (for example oauthenticator.generic.LocalGenericOAuthenticator with
# create_system_users = True) or create the accounts yourself.
#
# DummyAuthenticator below is for trying the set-up only: it lets anyone in with the
# shared password. Never use it with real accounts.
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = "try-pbl-author"  # CHANGE: replace the authenticator
c.Authenticator.allowed_users = {"dana", "luis", "priya"}  # CHANGE: or allow_all with SSO
c.Authenticator.admin_users = {"priya"}  # the instructional coach who runs the hub

# -- every teacher's server ------------------------------------------------------------

c.Spawner.default_url = "/lab"  # JupyterLab, where the PBL Unit launcher card is
c.Spawner.environment = {
    # Frameworks the network curates (state standards, its own competencies): the
    # designer's competency picker searches them beside the built-in 4Cs and CASEL.
    "PBL_AUTHOR_FRAMEWORKS": FRAMEWORKS,
}
c.Spawner.mem_limit = "2G"
c.Spawner.cpu_limit = 1.0
c.Spawner.http_timeout = 60

if SPAWNER == "systemd":
    c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
    c.Spawner.cmd = [f"{SINGLEUSER_ENV}/bin/jupyterhub-singleuser"]
    c.SystemdSpawner.extra_paths = [f"{SINGLEUSER_ENV}/bin"]  # pbl-author in the terminal
    c.SystemdSpawner.isolate_tmp = True
    c.SystemdSpawner.disable_user_sudo = True
    c.SystemdSpawner.readonly_paths = [FRAMEWORKS]
    c.SystemdSpawner.unit_extra_properties = {
        # Files teachers create are group-writable, so colleagues can edit what is
        # published in the shared library (the library folder is setgid: new files
        # belong to the group).
        "UMask": "0002",
        "SupplementaryGroups": TEACHERS_GROUP,
    }

elif SPAWNER == "docker":
    # An image built FROM quay.io/jupyter/minimal-notebook with
    # `RUN pip install --no-cache-dir pbl-author`; see docs/jupyterhub.md.
    c.JupyterHub.spawner_class = "dockerspawner.DockerSpawner"
    c.JupyterHub.hub_ip = "0.0.0.0"  # containers reach the hub over the docker network
    c.DockerSpawner.image = "school/pbl-singleuser:latest"  # CHANGE
    c.DockerSpawner.network_name = "jupyterhub"
    c.DockerSpawner.remove = True  # the container goes; the volumes below stay
    c.DockerSpawner.notebook_dir = "/home/jovyan"
    c.DockerSpawner.volumes = {
        "jupyterhub-user-{username}": "/home/jovyan",  # each teacher's own home
        LIBRARY: "/home/jovyan/pbl-library",  # the shared library, read-write
    }
    c.DockerSpawner.read_only_volumes = {FRAMEWORKS: FRAMEWORKS}
    # The image's start script runs as root first, puts jovyan in the library's group
    # and sets the umask, then drops to jovyan.
    c.DockerSpawner.extra_create_kwargs = {"user": "root"}
    c.DockerSpawner.environment = {
        "PBL_AUTHOR_FRAMEWORKS": FRAMEWORKS,
        "NB_GID": "1500",  # CHANGE: the gid of pbl-teachers on the host (getent group)
        "NB_GROUP": TEACHERS_GROUP,
        "NB_UMASK": "002",
        "CHOWN_HOME": "yes",
    }

else:
    raise ValueError(f"PBL_HUB_SPAWNER must be 'systemd' or 'docker', not {SPAWNER!r}")

# Stop servers nobody has used for an hour (pip install jupyterhub-idle-culler into the
# hub's environment).
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"],
    }
]
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
