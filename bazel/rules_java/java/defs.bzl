"""Bazel's native Java rules that @bazel_tools loads, re-exported so nothing has to download rules_java."""

java_import = native.java_import
java_runtime = native.java_runtime
java_toolchain = native.java_toolchain
