// What the operating system itself charges for each hand-off the study's strategies make: the floor under them.
//
//   floors [--repetitions N] [--spawn-repetitions M]   time every floor, print one JSON document
//   floors --noop                                      exit at once: the program fork + exec and posix_spawn start
//
// Each floor is timed once per repetition with CLOCK_MONOTONIC, after a few untimed warm-up repetitions; the program
// prints every repetition's time in nanoseconds and leaves the statistics to the study. The wake-up floors depend on
// where the two sides run: a wake-up across cores needs an interrupt to the other core, which on a virtual machine
// traps to the hypervisor (a pipe round trip took 20 µs across two cores and 12.6 µs on one on the study's KVM host,
// and an unpinned run landed on either). So each is timed pinned: across the first two cores allowed (the name alone:
// a worker on a core of its own), and both sides on one core (the name with -one-core). Built by the study with the C
// compiler on the PATH (cc -O2 -static -pthread; without a static C library, dynamically, which the document says).
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef FLOORS_STATIC
#define FLOORS_STATIC 0
#endif

extern char **environ;

static const char *self_path;
static const int warm_up = 20;

static void fail(const char *what)
{
    fprintf(stderr, "floors: %s: %s\n", what, strerror(errno));
    exit(1);
}

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void write_all(int fd, const void *buffer, size_t size, const char *what)
{
    if (write(fd, buffer, size) != (ssize_t)size)
        fail(what);
}

static void read_all(int fd, void *buffer, size_t size, const char *what)
{
    if (read(fd, buffer, size) != (ssize_t)size)
        fail(what);
}

// a partner that stops answering (an eventfd never reports end-of-file) fails the program instead of hanging it
static void read_within(int fd, void *buffer, size_t size, const char *what)
{
    struct pollfd ready = { .fd = fd, .events = POLLIN };
    int answered = poll(&ready, 1, 10000);
    if (answered == 0)
    {
        fprintf(stderr, "floors: %s: no answer within 10 s\n", what);
        exit(1);
    }
    if (answered < 0)
        fail(what);
    read_all(fd, buffer, size, what);
}

// a child of the timing process: its output buffer left empty before the fork, so that nothing is written twice, and
// killed with its parent, so that a parent that fails or is killed leaves no child waiting on an eventfd forever
static pid_t fork_partner(void)
{
    fflush(stdout);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child < 0)
        fail("fork");
    if (child == 0 && (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent))
        _exit(1);
    return child;
}

// where the wake-up floors' two sides run: the caller's core and its partner's (-1: wherever the scheduler puts them)
static int caller_cpu = -1, partner_cpu = -1;
static cpu_set_t allowed;

// pins the calling thread to one core, or back to every core allowed (-1)
static void pin(int cpu)
{
    cpu_set_t set;
    if (cpu < 0)
        set = allowed;
    else
    {
        CPU_ZERO(&set);
        CPU_SET(cpu, &set);
    }
    if (sched_setaffinity(0, sizeof set, &set) != 0)
        fail("sched_setaffinity");
}

static int first_floor = 1;

static void print_floor(const char *name, const char *what, const uint64_t *samples, int count)
{
    printf("%s\n    {\"name\": \"%s\", \"what\": \"%s\", \"samplesNs\": [", first_floor ? "" : ",", name, what);
    for (int i = 0; i < count; i++)
        printf("%s%llu", i == 0 ? "" : ", ", (unsigned long long)samples[i]);
    printf("]}");
    first_floor = 0;
}

// one byte to a child process over one pipe and back over another: the process pool's request and answer
static void pipe_round_trip(int repetitions, uint64_t *samples)
{
    int to_child[2], to_parent[2];
    if (pipe(to_child) != 0 || pipe(to_parent) != 0)
        fail("pipe");
    pid_t child = fork_partner();
    if (child == 0)
    {
        pin(partner_cpu);
        close(to_child[1]);
        close(to_parent[0]);
        char byte;
        while (read(to_child[0], &byte, 1) == 1)
            write_all(to_parent[1], &byte, 1, "pipe write (child)");
        _exit(0);
    }
    close(to_child[0]);
    close(to_parent[1]);
    pin(caller_cpu);
    char byte = 1;
    for (int i = -warm_up; i < repetitions; i++)
    {
        uint64_t start = now_ns();
        write_all(to_child[1], &byte, 1, "pipe write");
        read_all(to_parent[0], &byte, 1, "pipe read");
        if (i >= 0)
            samples[i] = now_ns() - start;
    }
    close(to_child[1]);
    close(to_parent[0]);
    waitpid(child, NULL, 0);
    pin(-1);
}

struct wake_pair
{
    int request;
    int answer;
};

static void *wake_partner(void *argument)
{
    struct wake_pair *pair = argument;
    pin(partner_cpu);
    uint64_t value;
    for (;;)
    {
        read_all(pair->request, &value, sizeof value, "eventfd read (partner)");
        if (value > 1)   // the stop signal
            return NULL;
        write_all(pair->answer, &value, sizeof value, "eventfd write (partner)");
    }
}

// the caller's side of a wake-up pair: wake the partner, wait to be woken back; then tell the partner to stop
static void wake_round_trips(const struct wake_pair *pair, int repetitions, uint64_t *samples)
{
    uint64_t one = 1, value;
    for (int i = -warm_up; i < repetitions; i++)
    {
        uint64_t start = now_ns();
        write_all(pair->request, &one, sizeof one, "eventfd write");
        read_within(pair->answer, &value, sizeof value, "eventfd read");
        if (i >= 0)
            samples[i] = now_ns() - start;
    }
    uint64_t stop = 2;
    write_all(pair->request, &stop, sizeof stop, "eventfd write");
}

// a blocked thread woken through an eventfd, which wakes the caller back: what a pool worker's wake-up costs at least
static void eventfd_threads(int repetitions, uint64_t *samples)
{
    struct wake_pair pair = { eventfd(0, 0), eventfd(0, 0) };
    if (pair.request < 0 || pair.answer < 0)
        fail("eventfd");
    pthread_t partner;
    if (pthread_create(&partner, NULL, wake_partner, &pair) != 0)
        fail("pthread_create");
    pin(caller_cpu);
    wake_round_trips(&pair, repetitions, samples);
    pthread_join(partner, NULL);
    pin(-1);
    close(pair.request);
    close(pair.answer);
}

// the same between two processes, the child adding one to a counter in a shared map before it answers: the wake-up a
// hand-off between long-lived processes over shared memory would need (no strategy of the study does that yet: the
// shared-memory strategy starts its processes per job, so the report sets it beside the process start; this one is
// shown for reference)
static void eventfd_processes(int repetitions, uint64_t *samples)
{
    struct wake_pair pair = { eventfd(0, 0), eventfd(0, 0) };
    if (pair.request < 0 || pair.answer < 0)
        fail("eventfd");
    volatile uint64_t *shared = mmap(NULL, sizeof(uint64_t), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (shared == MAP_FAILED)
        fail("mmap");
    *shared = 0;
    pid_t child = fork_partner();
    if (child == 0)
    {
        pin(partner_cpu);
        uint64_t value;
        for (;;)
        {
            read_all(pair.request, &value, sizeof value, "eventfd read (child)");
            if (value > 1)
                _exit(0);
            (*shared)++;
            write_all(pair.answer, &value, sizeof value, "eventfd write (child)");
        }
    }
    pin(caller_cpu);
    wake_round_trips(&pair, repetitions, samples);
    waitpid(child, NULL, 0);
    pin(-1);
    if (*shared != (uint64_t)(repetitions + warm_up))
    {
        fprintf(stderr, "floors: the child counted %llu wake-ups of %d\n", (unsigned long long)*shared, repetitions + warm_up);
        exit(1);
    }
    munmap((void *)shared, sizeof(uint64_t));
    close(pair.request);
    close(pair.answer);
}

static void *nothing(void *argument)
{
    return argument;
}

// a thread started and joined: what a dedicated thread per job costs at least
static void thread_create_join(int repetitions, uint64_t *samples)
{
    for (int i = -warm_up; i < repetitions; i++)
    {
        uint64_t start = now_ns();
        pthread_t thread;
        if (pthread_create(&thread, NULL, nothing, NULL) != 0)
            fail("pthread_create");
        pthread_join(thread, NULL);
        if (i >= 0)
            samples[i] = now_ns() - start;
    }
}

static void wait_for(pid_t child)
{
    int status;
    if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
        fprintf(stderr, "floors: the started program did not exit with 0\n");
        exit(1);
    }
}

// this program started again with --noop and waited for: what a process per job costs at least
static void fork_exec_wait(int repetitions, uint64_t *samples)
{
    char *arguments[] = { (char *)self_path, "--noop", NULL };
    for (int i = -warm_up / 4; i < repetitions; i++)
    {
        fflush(stdout);
        uint64_t start = now_ns();
        pid_t child = fork();
        if (child < 0)
            fail("fork");
        if (child == 0)
        {
            execve(self_path, arguments, environ);
            _exit(127);
        }
        wait_for(child);
        if (i >= 0)
            samples[i] = now_ns() - start;
    }
}

static void spawn_wait(int repetitions, uint64_t *samples)
{
    char *arguments[] = { (char *)self_path, "--noop", NULL };
    for (int i = -warm_up / 4; i < repetitions; i++)
    {
        uint64_t start = now_ns();
        pid_t child;
        int error = posix_spawn(&child, self_path, NULL, NULL, arguments, environ);
        if (error != 0)
        {
            errno = error;
            fail("posix_spawn");
        }
        wait_for(child);
        if (i >= 0)
            samples[i] = now_ns() - start;
    }
}

static int count_argument(const char *name, const char *value)
{
    char *end;
    long count = value == NULL ? 0 : strtol(value, &end, 10);
    if (value == NULL || *end != '\0' || count < 1 || count > 1000000)
    {
        fprintf(stderr, "floors: %s takes a whole number from 1 to 1000000\n", name);
        exit(2);
    }
    return (int)count;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "--noop") == 0)
        return 0;
    int repetitions = 2000, spawn_repetitions = 200;
    for (int i = 1; i < argc; i++)
    {
        const char *name = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(name, "--repetitions") == 0)
            repetitions = count_argument(name, value), i++;
        else if (strcmp(name, "--spawn-repetitions") == 0)
            spawn_repetitions = count_argument(name, value), i++;
        else
        {
            fprintf(stderr, "floors: unknown option '%s'; the options are --repetitions N, --spawn-repetitions N and --noop\n", argv[i]);
            return 2;
        }
    }
    // exec needs a path; /proc/self/exe names this very binary
    static char path[4096];
    ssize_t length = readlink("/proc/self/exe", path, sizeof path - 1);
    if (length <= 0)
        fail("readlink /proc/self/exe");
    path[length] = '\0';
    self_path = path;

    int most = repetitions > spawn_repetitions ? repetitions : spawn_repetitions;
    uint64_t *samples = calloc((size_t)most, sizeof(uint64_t));
    if (samples == NULL)
        fail("calloc");
    setvbuf(stdout, NULL, _IOFBF, 1 << 20);
    printf("{\n  \"schemaVersion\": 1,\n  \"static\": %s,\n  \"floors\": [", FLOORS_STATIC ? "true" : "false");

    // the first two cores this program may run on: the wake-up floors are pinned to them
    if (sched_getaffinity(0, sizeof allowed, &allowed) != 0)
        fail("sched_getaffinity");
    int first_cpu = -1, second_cpu = -1;
    for (int cpu = 0; cpu < CPU_SETSIZE && second_cpu < 0; cpu++)
    {
        if (CPU_ISSET(cpu, &allowed))
        {
            if (first_cpu < 0)
                first_cpu = cpu;
            else
                second_cpu = cpu;
        }
    }

    // each floor is timed into the samples, then printed before the next one reuses them; a wake-up floor across two
    // cores where only one is allowed is timed on that one, under its own name, and says so
    enum { anywhere, two_cores, one_core };
    const struct
    {
        void (*time)(int, uint64_t *);
        const char *name, *what;
        int spawns, placement;
    } floors[] = {
        { pipe_round_trip, "pipe-round-trip", "one byte to another process over a pipe and back over another", 0, two_cores },
        { pipe_round_trip, "pipe-round-trip-one-core", "the same, both processes on one core", 0, one_core },
        { eventfd_threads, "eventfd-threads", "a blocked thread woken through an eventfd, waking the caller back through another", 0, two_cores },
        { eventfd_threads, "eventfd-threads-one-core", "the same, both threads on one core", 0, one_core },
        { eventfd_processes, "eventfd-processes", "the same between two processes, the other adding to a counter in a shared map first", 0, two_cores },
        { eventfd_processes, "eventfd-processes-one-core", "the same, both processes on one core", 0, one_core },
        { thread_create_join, "thread-create-join", "pthread_create of a thread that returns at once, and pthread_join", 0, anywhere },
        { fork_exec_wait, "fork-exec-wait", "fork, exec of this program (which exits at once) and waitpid", 1, anywhere },
        { spawn_wait, "posix-spawn-wait", "posix_spawn of the same program and waitpid", 1, anywhere },
    };
    static char what[512];
    for (size_t i = 0; i < sizeof floors / sizeof floors[0]; i++)
    {
        if (floors[i].placement == one_core && second_cpu < 0)
            continue;   // the two-core floor was timed on the one core already
        caller_cpu = floors[i].placement == anywhere ? -1 : first_cpu;
        partner_cpu = floors[i].placement == two_cores ? (second_cpu >= 0 ? second_cpu : first_cpu) : floors[i].placement == one_core ? first_cpu : -1;
        int count = floors[i].spawns ? spawn_repetitions : repetitions;
        floors[i].time(count, samples);
        if (floors[i].placement == two_cores)
            snprintf(what, sizeof what, second_cpu >= 0 ? "%s, on two cores (%d and %d)" : "%s, on the one core allowed (%d)", floors[i].what, first_cpu, second_cpu);
        else if (floors[i].placement == one_core)
            snprintf(what, sizeof what, "%s (%d)", floors[i].what, first_cpu);
        else
            snprintf(what, sizeof what, "%s", floors[i].what);
        print_floor(floors[i].name, what, samples, count);
    }

    printf("\n  ]\n}\n");
    free(samples);
    return fflush(stdout) == 0 ? 0 : 1;
}
