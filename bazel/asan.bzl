"""asan_binary: a cc_binary rebuilt, with everything it links, under ASan.

For a benchmark that must measure code under AddressSanitizer while the
rest of its suite measures code without it (linking ASan into the suite
would change glibc's baselines): the suite runs this binary as a
subprocess.  The compiler is whatever the configuration uses (gcc by
default, clang under --config=asan); -DCONFIG_DEBUG_VM=0 from --config=opt
is dropped, so the debug checks are on as in a fuzzing build.
"""

_ASAN = ["-fsanitize=address", "-fno-omit-frame-pointer"]

def _asan_transition_impl(settings, attr):
    copts = [c for c in settings["//command_line_option:copt"] if c != "-DCONFIG_DEBUG_VM=0"]
    return {
        "//command_line_option:copt": copts + _ASAN,
        "//command_line_option:linkopt": settings["//command_line_option:linkopt"] + _ASAN,
    }

_asan_transition = transition(
    implementation = _asan_transition_impl,
    inputs = ["//command_line_option:copt", "//command_line_option:linkopt"],
    outputs = ["//command_line_option:copt", "//command_line_option:linkopt"],
)

def _asan_binary_impl(ctx):
    binary = ctx.attr.binary[0]
    exe = ctx.actions.declare_file(ctx.label.name)
    ctx.actions.symlink(
        output = exe,
        target_file = binary[DefaultInfo].files_to_run.executable,
        is_executable = True,
    )
    return [DefaultInfo(
        executable = exe,
        runfiles = ctx.runfiles(files = [exe]).merge(binary[DefaultInfo].default_runfiles),
    )]

asan_binary = rule(
    implementation = _asan_binary_impl,
    attrs = {
        "binary": attr.label(cfg = _asan_transition, executable = True, mandatory = True),
        "_allowlist_function_transition": attr.label(
            default = "@bazel_tools//tools/allowlists/function_transition_allowlist",
        ),
    },
    executable = True,
    doc = "The cc_binary `binary`, and everything it links, built with -fsanitize=address.",
)
