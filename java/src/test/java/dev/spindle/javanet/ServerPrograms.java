package dev.spindle.javanet;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/**
 * Clients of real servers, run by {@link JavaNetServersTest} in child JVMs on the agent: Jedis
 * against redis-server and pgjdbc against PostgreSQL, as an application would use them. After the
 * work each prints how many sockets Spindle's java.net impls opened meanwhile.
 */
public final class ServerPrograms {
    public static void main(String[] args) throws Exception {
        long before = Installer.socketsOpened();
        switch (args[0]) {
            case "redis" -> redis(Integer.parseInt(args[1]));
            case "jdbc" -> jdbc(args[1]);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.out.println("socketsOpened=" + (Installer.socketsOpened() - before));
        AgentPrograms.report();
        System.out.println("done");
    }

    static void redis(int port) throws Exception {
        int ok = 0;
        Thread[] clients = new Thread[4];
        int[] perClient = new int[clients.length];
        for (int c = 0; c < clients.length; c++) {
            int id = c;
            clients[c] = Thread.ofVirtual().start(() -> {
                try (Jedis jedis = new Jedis("127.0.0.1", port)) {
                    for (int i = 0; i < 500; i++) {
                        String key = "k" + id + ":" + i;
                        jedis.set(key, "v" + i);
                        if (("v" + i).equals(jedis.get(key))) perClient[id]++;
                    }
                }
            });
        }
        for (Thread t : clients) t.join();
        for (int n : perClient) ok += n;
        try (Jedis jedis = new Jedis("127.0.0.1", port)) {
            Pipeline p = jedis.pipelined();
            List<Response<Long>> incrs = new java.util.ArrayList<>();
            for (int i = 0; i < 1000; i++) incrs.add(p.incr("counter"));
            p.sync();
            System.out.println("redisPipelined=" + incrs.get(999).get());
            byte[] big = new byte[1 << 20];
            java.util.Arrays.fill(big, (byte) 'x');
            jedis.set("big".getBytes(), big);
            System.out.println("redisBigOk=" + java.util.Arrays.equals(big, jedis.get("big".getBytes())));
            System.out.println("redisKeys=" + jedis.dbSize());
        }
        System.out.println("redisOk=" + ok);
    }

    static void jdbc(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE items (id int PRIMARY KEY, name text)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
                for (int i = 0; i < 2000; i++) {
                    insert.setInt(1, i);
                    insert.setString(2, "item " + i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*), sum(id) FROM items")) {
                r.next();
                System.out.println("jdbcRows=" + r.getLong(1));
                System.out.println("jdbcSum=" + r.getLong(2));
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT string_agg(name, ',') FROM items")) {
                r.next();
                System.out.println("jdbcAggLength=" + r.getString(1).length());
            }
        }
    }
}
