#ifndef RHYTHMSTRIP_CLIBPNG_SHIM_H
#define RHYTHMSTRIP_CLIBPNG_SHIM_H
#include <png.h>
#endif
