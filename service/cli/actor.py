"""Who the command line acts as: the operator of the server, an administrator."""
import getpass

from workflows.permissions import Actor


def cli_actor() -> Actor:
    return Actor(user_id=f"cli:{getpass.getuser()}", role="administrator")
