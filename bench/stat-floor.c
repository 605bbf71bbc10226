/* The floor under podgloss's sync check: only the stat calls it must make on an unchanged
 * library (each episode folder and its episode.toml), timed with nothing else around them.
 * Used for the "why rows 2 and 9 stop here" figures in bench/RESULTS.md. Run by hand:
 *
 *   gcc -O2 -o /tmp/stat-floor bench/stat-floor.c -lpthread && /tmp/stat-floor LIBRARY
 *
 * Prints milliseconds for the same paths stat'ed: by absolute path; relative to an open
 * transcripts/ folder (what podgloss does); the relative way on two threads; and the folders
 * alone.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_FOLDERS 100000
#define NAME_MAX_LEN 256

static char (*names)[NAME_MAX_LEN];
static int count;
static int transcripts_fd;

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Folder and episode.toml of every `step`-th folder from `first`, relative to transcripts/. */
static void *stat_relative(void *arg) {
    long first = (long)arg;
    long step = first < 0 ? 1 : 2;
    if (first < 0) first = 0;
    struct stat st;
    char path[NAME_MAX_LEN + 32];
    for (long i = first; i < count; i += step) {
        fstatat(transcripts_fd, names[i], &st, 0);
        snprintf(path, sizeof path, "%s/episode.toml", names[i]);
        fstatat(transcripts_fd, path, &st, 0);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s LIBRARY\n", argv[0]);
        return 2;
    }
    char transcripts[4096];
    snprintf(transcripts, sizeof transcripts, "%s/transcripts", argv[1]);
    DIR *dir = opendir(transcripts);
    if (!dir) {
        perror(transcripts);
        return 1;
    }
    names = calloc(MAX_FOLDERS, NAME_MAX_LEN);
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < MAX_FOLDERS) {
        if (entry->d_name[0] == '.' || strlen(entry->d_name) >= NAME_MAX_LEN) continue;
        strcpy(names[count++], entry->d_name);
    }
    closedir(dir);
    transcripts_fd = open(transcripts, O_RDONLY | O_DIRECTORY);

    struct stat st;
    char path[4096 + NAME_MAX_LEN + 32];
    double start = now_ms();
    for (int i = 0; i < count; i++) {
        snprintf(path, sizeof path, "%s/%s", transcripts, names[i]);
        stat(path, &st);
        snprintf(path, sizeof path, "%s/%s/episode.toml", transcripts, names[i]);
        stat(path, &st);
    }
    printf("%d folders\nabsolute paths:      %.2f ms\n", count, now_ms() - start);

    start = now_ms();
    stat_relative((void *)-1L);
    printf("relative, 1 thread:  %.2f ms\n", now_ms() - start);

    start = now_ms();
    pthread_t other;
    pthread_create(&other, NULL, stat_relative, (void *)1L);
    stat_relative((void *)0L);
    pthread_join(other, NULL);
    printf("relative, 2 threads: %.2f ms\n", now_ms() - start);

    start = now_ms();
    for (int i = 0; i < count; i++) fstatat(transcripts_fd, names[i], &st, 0);
    printf("folders only:        %.2f ms\n", now_ms() - start);
    return 0;
}
