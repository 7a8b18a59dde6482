#ifndef RHYTHMSTRIP_CLIBPNG_SHIM_H
#define RHYTHMSTRIP_CLIBPNG_SHIM_H
#include <png.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

/*
 * A small classic-API encoder for Swift, which cannot call setjmp.
 *
 * libpng's simplified write API cannot store a pHYs chunk (the DPI that makes
 * prints come out at true scale) nor choose filters, so the renderer uses the
 * classic API. libpng reports errors by longjmp-ing out of its error
 * callback; the setjmp that catches it lives here, in C, and the Swift side
 * only sees a return code and a message.
 */

/** Output buffer and error state of one encoding. */
typedef struct rhythmstrip_png_state {
    unsigned char *data;   /* the PNG bytes (malloc'd); free with free() */
    size_t size;
    size_t capacity;
    char message[256];     /* why encoding failed, when it did */
    jmp_buf jump;
} rhythmstrip_png_state;

static inline void rhythmstrip_png_on_error(png_structp png, png_const_charp message) {
    rhythmstrip_png_state *state = (rhythmstrip_png_state *)png_get_error_ptr(png);
    strncpy(state->message, message ? message : "libpng error", sizeof state->message - 1);
    state->message[sizeof state->message - 1] = 0;
    longjmp(state->jump, 1);
}

static inline void rhythmstrip_png_on_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static inline void rhythmstrip_png_on_write(png_structp png, png_bytep bytes, png_size_t length) {
    rhythmstrip_png_state *state = (rhythmstrip_png_state *)png_get_io_ptr(png);
    if (state->size + length > state->capacity) {
        size_t capacity = state->capacity ? state->capacity : 65536;
        while (capacity < state->size + length) capacity *= 2;
        unsigned char *grown = (unsigned char *)realloc(state->data, capacity);
        if (!grown) png_error(png, "out of memory for the PNG buffer");
        state->data = grown;
        state->capacity = capacity;
    }
    memcpy(state->data + state->size, bytes, length);
    state->size += length;
}

static inline void rhythmstrip_png_on_flush(png_structp png) { (void)png; }

/**
 * Encodes an 8-bit image into memory.
 *
 * color_type is PNG_COLOR_TYPE_PALETTE, _GRAY or _RGB; for a palette image,
 * palette_rgb holds palette_count RGB triples. pixels_per_metre > 0 writes a
 * pHYs chunk. filters is a PNG_FILTER_* mask; compression_level and
 * compression_strategy are zlib's. Returns 1 on success (state->data holds
 * state->size bytes, to be freed with free()), 0 on failure (state->message
 * says why, state->data is NULL).
 */
static inline int rhythmstrip_png_encode(
    rhythmstrip_png_state *state,
    const unsigned char *pixels, unsigned width, unsigned height, size_t stride,
    int color_type, const unsigned char *palette_rgb, int palette_count,
    unsigned pixels_per_metre, int filters, int compression_level, int compression_strategy)
{
    state->data = NULL;
    state->size = 0;
    state->capacity = 0;
    state->message[0] = 0;
    png_structp png = png_create_write_struct(
        PNG_LIBPNG_VER_STRING, state, rhythmstrip_png_on_error, rhythmstrip_png_on_warning);
    if (!png) {
        strcpy(state->message, "cannot create the libpng write structure");
        return 0;
    }
    png_infop info = png_create_info_struct(png);
    if (!info) {
        png_destroy_write_struct(&png, NULL);
        strcpy(state->message, "cannot create the libpng info structure");
        return 0;
    }
    if (setjmp(state->jump)) {
        png_destroy_write_struct(&png, &info);
        free(state->data);
        state->data = NULL;
        state->size = 0;
        return 0;
    }
    png_set_write_fn(png, state, rhythmstrip_png_on_write, rhythmstrip_png_on_flush);
    png_set_IHDR(png, info, width, height, 8, color_type,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (color_type == PNG_COLOR_TYPE_PALETTE) {
        png_color palette[256];
        int count = palette_count < 256 ? palette_count : 256;
        for (int i = 0; i < count; i++) {
            palette[i].red = palette_rgb[3 * i];
            palette[i].green = palette_rgb[3 * i + 1];
            palette[i].blue = palette_rgb[3 * i + 2];
        }
        png_set_PLTE(png, info, palette, count);
    }
    if (pixels_per_metre > 0) {
        png_set_pHYs(png, info, pixels_per_metre, pixels_per_metre, PNG_RESOLUTION_METER);
    }
    png_set_filter(png, PNG_FILTER_TYPE_BASE, filters);
    png_set_compression_level(png, compression_level);
    png_set_compression_strategy(png, compression_strategy);
    png_write_info(png, info);
    for (unsigned y = 0; y < height; y++) {
        png_write_row(png, pixels + (size_t)y * stride);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return 1;
}

#endif
