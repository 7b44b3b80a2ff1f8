// The least a user-space TCP proxy can do per message: one epoll_wait, one read and one write per side,
// no parsing, no allocation. bench/guard-latency-floor runs it where the guard runs to show how much of
// the guard's added latency any proxy pays for the extra hop.
//
// Usage: epoll-proxy UPSTREAM_PORT   (listens on 127.0.0.1, port chosen by the kernel, printed to stderr)
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

enum { maxDescriptors = 65536 };
static int peer[maxDescriptors];

static void watch(int epoll, int fd) {
    struct epoll_event event = {.events = EPOLLIN, .data.fd = fd};
    epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event);
}

static int connectUpstream(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (connect(fd, (struct sockaddr *)&address, sizeof address) != 0) { close(fd); return -1; }
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: epoll-proxy UPSTREAM_PORT\n"); return 64; }
    int upstreamPort = atoi(argv[1]), one = 1;
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t length = sizeof address;
    if (bind(listener, (struct sockaddr *)&address, sizeof address) != 0 || listen(listener, 128) != 0) { perror("listen"); return 1; }
    getsockname(listener, (struct sockaddr *)&address, &length);
    fprintf(stderr, "listening on 127.0.0.1:%d\n", ntohs(address.sin_port));
    int epoll = epoll_create1(0);
    watch(epoll, listener);
    char buffer[4096];
    for (;;) {
        struct epoll_event events[64];
        int count = epoll_wait(epoll, events, 64, -1);
        for (int i = 0; i < count; i++) {
            int fd = events[i].data.fd;
            if (fd == listener) {
                int client = accept(listener, NULL, NULL), upstream = connectUpstream(upstreamPort);
                if (client < 0 || upstream < 0 || client >= maxDescriptors || upstream >= maxDescriptors) {
                    if (client >= 0) close(client);
                    if (upstream >= 0) close(upstream);
                    continue;
                }
                setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                peer[client] = upstream;
                peer[upstream] = client;
                watch(epoll, client);
                watch(epoll, upstream);
                continue;
            }
            if (peer[fd] < 0) continue; // closed earlier in this batch
            ssize_t received = read(fd, buffer, sizeof buffer);
            if (received <= 0) {
                int other = peer[fd];
                peer[other] = -1;
                peer[fd] = -1;
                close(other);
                close(fd);
                continue;
            }
            // Blocking sockets: the write returns once the kernel has all of it.
            for (ssize_t sent = 0; sent < received;) {
                ssize_t written = write(peer[fd], buffer + sent, received - sent);
                if (written <= 0) break;
                sent += written;
            }
        }
    }
}
