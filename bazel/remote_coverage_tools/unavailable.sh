#!/bin/sh
# Stand-in for Bazel's downloadable coverage report generator, which this offline build does not have.
echo "remote_coverage_tools: Bazel's coverage report generator is not available offline" >&2
exit 1
