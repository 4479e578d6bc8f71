"""Runs a Pulumi Python program for pdstack-langhost (pulumi-language-python of the e2e toolchain).

Connects the `pulumi` SDK to the engine and resource monitor given on the command line, loads the
stack configuration from PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS, and runs the program as
__main__ in the stack, on an event loop of the SDK's own. Exit code 32 means "the user already saw
the error" (the language host then stops without another message).
"""

import argparse
import asyncio
import os
import runpy
import sys
import traceback

import pulumi
import pulumi.runtime

BAIL = 32


def main() -> int:
    ap = argparse.ArgumentParser(description="Run a Pulumi Python program")
    for flag in ("project", "root_directory", "stack", "parallel", "dry_run", "pwd", "monitor", "engine", "organization", "tracing"):
        ap.add_argument("--" + flag)
    ap.add_argument("PROGRAM")
    ap.add_argument("ARGS", nargs="*")
    args = ap.parse_args()

    pulumi.runtime.set_all_config(pulumi.runtime.get_config_env(), pulumi.runtime.get_config_secret_keys_env())
    settings = pulumi.runtime.Settings(
        monitor=args.monitor,
        engine=args.engine,
        project=args.project,
        stack=args.stack,
        parallel=int(args.parallel or 1),
        dry_run=args.dry_run == "true",
        organization=args.organization,
        root_directory=args.root_directory,
    )
    pulumi.runtime.configure(settings)
    sys.argv = [args.PROGRAM] + args.ARGS
    if args.pwd:
        os.chdir(args.pwd)
    program = os.path.abspath(args.PROGRAM)
    sys.path.insert(0, os.path.dirname(program) if os.path.isfile(program) else program)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        coro = pulumi.runtime.run_in_stack(lambda: runpy.run_path(program, run_name="__main__"))
        loop.run_until_complete(coro)
        return 0
    except pulumi.RunError as e:
        pulumi.log.error(str(e))
        return BAIL
    except Exception:  # noqa: BLE001 - the engine shows whatever the program raised
        pulumi.log.error("Program failed with an unhandled exception:\n" + traceback.format_exc())
        return BAIL
    finally:
        loop.close()


if __name__ == "__main__":
    sys.exit(main())
