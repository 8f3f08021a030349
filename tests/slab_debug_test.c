#include "common.h"
static void nothing(void) {}
TEST_MAIN("x", TEST_CASE(nothing))
