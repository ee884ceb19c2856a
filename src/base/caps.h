/* Sanity caps, in one place. The first group follows the JS API limits (as wasmparser's
 * limits.rs does); the rest bound what one run may allocate for one file. The JS API
 * (WebAssembly JavaScript Interface, "Limits") counts the functions, globals and tags
 * *defined* in a module; imports have their own limit, so an index space holds up to the
 * sum (V8 in Node 20 loads 100000 imported and 1000000 defined functions). */
#ifndef P1C_CAPS_H
#define P1C_CAPS_H

#define P1C_MAX_TYPES 1000000u
#define P1C_MAX_FUNCTIONS 1000000u
#define P1C_MAX_IMPORTS 100000u
/* an index space: its imports and its defined entries */
#define P1C_MAX_INDEX_SPACE (P1C_MAX_FUNCTIONS + P1C_MAX_IMPORTS)
#define P1C_MAX_EXPORTS 100000u
#define P1C_MAX_GLOBALS 1000000u
#define P1C_MAX_DATA_SEGMENTS 100000u
#define P1C_MAX_ELEMENT_SEGMENTS 10000000u
#define P1C_MAX_TABLES 100000u
#define P1C_MAX_MEMORIES 100u
#define P1C_MAX_TAGS 1000000u
#define P1C_MAX_PARAMS 1000u
#define P1C_MAX_RESULTS 1000u
#define P1C_MAX_STRUCT_FIELDS 10000u
#define P1C_MAX_LOCALS 50000u
#define P1C_MAX_FUNCTION_SIZE (7654321u)
#define P1C_MAX_NAME_LEN 100000u      /* one import/export/custom name, in bytes */
#define P1C_MAX_FILE_SIZE ((1ull << 32) - 1) /* 4 GiB - 1: offsets fit in 32 bits */
#define P1C_MAX_WARNINGS 32u           /* decode warnings kept per file */
#define P1C_MAX_PRODUCER_FIELDS 64u
#define P1C_MAX_PRODUCER_VALUES 1024u
#define P1C_MAX_CUSTOM_SECTIONS 100000u
#define P1C_MAX_COMPONENT_MODULES 10000u
#define P1C_MAX_BLOCK_DEPTH 65536u     /* nested blocks open at once in one function body */
#define P1C_PARALLEL_WALK_BYTES (4u << 20) /* from this much code on, two threads walk it */

#define P1C_MAX_WHY_ENTRIES 1000u     /* roots and libc entry points listed by --why */

/* Profiles (YAML): what one load may read and build. */
#define P1C_MAX_PROFILE_SIZE (1u << 20) /* 1 MiB: larger YAML files are refused */
#define P1C_MAX_EXTENDS_DEPTH 16u       /* parents above the file that was asked for */
#define P1C_MAX_YAML_NESTING 64u        /* YAML collections inside collections */
#define P1C_MAX_YAML_NODES 200000u      /* YAML nodes in one file */

#endif
