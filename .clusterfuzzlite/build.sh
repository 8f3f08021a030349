#!/bin/bash -eu
# ClusterFuzzLite builds exactly as OSS-Fuzz does.
exec "$SRC/mmfuzz/oss-fuzz/build.sh"
