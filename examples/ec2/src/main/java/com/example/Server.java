package com.example;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;

/**
 * The example server: GET / says hello, GET /health answers {"status":"UP","version":"..."} once the
 * server is ready. The version comes from the REVISION file that the build writes beside the JAR, so
 * every instance can say which build it runs. PORT (default 8080) chooses the port.
 */
public final class Server {
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    String version = readVersion();
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/health", ex -> answer(ex, 200, "{\"status\":\"UP\",\"version\":\"" + version + "\"}"));
    server.createContext("/", ex -> answer(ex, 200, "hello from " + version + "\n"));
    // SIGTERM (the stop script) lets requests in flight finish for up to 5 s.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(5)));
    server.start();
    System.out.println("listening on " + port + ", version " + version);
  }

  private static String readVersion() {
    String dir = System.getenv().getOrDefault("APP_DIR", ".");
    try {
      for (String line : Files.readAllLines(Path.of(dir, "REVISION"))) {
        if (line.startsWith("version=")) return line.substring("version=".length()).replace("\"", "");
      }
    } catch (IOException e) {
      // No REVISION file: a local run.
    }
    return "dev";
  }

  private static void answer(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("content-type", body.startsWith("{") ? "application/json" : "text/plain");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
