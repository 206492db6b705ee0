/* The C anchor: the smallest CGI program there is. */
#include <stdio.h>

int main(void) {
    fputs("Status: 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
          "<!doctype html><title>Hello</title><p>Hello, world</p>\n",
          stdout);
    return 0;
}
