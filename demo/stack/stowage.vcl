# Stowage's demo stack: Varnish 7.1 (Debian bookworm) in front of the demo server (issue 14).
#
# The rules below are what the demo needs; where Varnish's built-in VCL (bin/varnishd/builtin.vcl)
# departs from RFC 9111, the comment says so and what this file does about it. Every sub ends in a
# return, so the built-in subs run only where that is said.
vcl 4.1;

import directors;
import std;
import var;
import xkey;

# backends.vcl is written by demo/stack/start.ts: one backend per app server and the round-robin
# director `origins` built in vcl_init. It sits on the vcl_path next to this file.
include "backends.vcl";

# Who may purge: loopback only. The demo server purges after each commit from the same machine.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    set req.backend_hint = origins.backend();

    # Tag purge (xkey): `PURGE` with `xkey-purge: note:42 notes` drops every object carrying one of
    # those keys, with all their Vary variants. A hard purge, not xkey.softpurge(): a soft purge
    # keeps the object for grace, so the next reader would still get the old text (stale while
    # revalidating) after the write was answered.
    if (req.method == "PURGE") {
        # The sender is the first hop that X-Forwarded-For names (Varnish has appended client.ip to
        # it by now): a loopback TLS terminator or load balancer in front would forward a remote
        # client's address there. Tests emulate a remote sender the same way. Both the connection
        # and the forwarded address must be loopback.
        if (!(client.ip ~ purgers)
            || !(std.ip(regsub(req.http.X-Forwarded-For, "^[ ]*([^, ]+).*$", "\1"), "192.0.2.1") ~ purgers)) {
            return (synth(403, "Purge refused: loopback only"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "Purge needs an xkey-purge header"));
        }
        # The refill guard (demo/server/refill-guard.ts): Stowage-Purge-Seq is the newest
        # invalidation-log id this purge covers; the highest one seen is kept (a global of the var
        # vmod), and vcl_backend_response refuses to store a read the origin began before it. Kept
        # BEFORE purging: a read that reaches vcl_backend_response after this line is refused, one
        # that got there before is stored and then purged below. The origin sends its purges one at a
        # time, because this read-compare-write is not atomic across Varnish threads.
        if (std.integer(req.http.Stowage-Purge-Seq, 0) > std.integer(var.global_get("purge-seq"), 0)) {
            var.global_set("purge-seq", req.http.Stowage-Purge-Seq);
        }
        if (req.http.xkey-purge == "*") {
            # Everything (the demo server's control reset, whose note ids start over): a ban on
            # obj.* only, which the ban lurker can apply in the background. The log's ids start over
            # too, so the kept seq is set back to the one sent (raising it only would make every new
            # read look older than the last purge).
            var.global_set("purge-seq", "" + std.integer(req.http.Stowage-Purge-Seq, 0));
            std.ban("obj.status != 0");
            set req.http.Stowage-Purged = "all";
            return (synth(200, "Purged"));
        }
        set req.http.Stowage-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged"));
    }

    # The test-control API answers only on the origin's own port: through the proxy it does not exist.
    if (req.url ~ "^/__control(/|$)") {
        return (synth(404, "Not found"));
    }

    # Unsafe methods always go to the origin (RFC 9111 §4.4); the origin purges what they change.
    # The built-in VCL pipes unknown methods; passing them keeps Cache-Status on the answer.
    if (req.method != "GET" && req.method != "HEAD") {
        set req.http.Stowage-Fwd = "method";
        return (pass);
    }

    # The invalidation feed is a long-lived per-client event stream (Cache-Control: no-store): pass,
    # streamed; its idle timeout is raised in vcl_backend_fetch.
    if (req.url ~ "^/api/invalidations(\?|$)") {
        set req.http.Stowage-Fwd = "bypass";
        return (pass);
    }

    # RFC 9111 §3.5: a shared cache may store a response to a request with Authorization only when
    # the response says so. The built-in VCL never does; so does this one (nothing here needs it).
    if (req.http.Authorization) {
        set req.http.Stowage-Fwd = "bypass";
        return (pass);
    }

    # Public reads: the notes and the static app. Their answers never depend on who asks, so the
    # session cookie is dropped and every user shares one copy. The built-in VCL passes any request
    # with a Cookie (RFC 9111 has no such rule: it leaves it to the response), which would turn the
    # proxy off for every signed-in user.
    if (req.url ~ "^/api/notes(/[0-9]+)?(\?.*)?$" || req.url !~ "^/api/") {
        unset req.http.Cookie;
        # A request's Cache-Control: no-cache (every service-worker fetch with cache: 'no-store'
        # sends it, Fetch §4.5) asks a cache to revalidate with the origin (RFC 9111 §5.2.1.4).
        # Varnish ignores request directives; this VCL keeps that, because the origin purges this
        # cache on every commit: its copy is as current as a revalidation would make it.
        return (hash);
    }

    # Everything else under /api/ is per-user (/api/me, /api/inbox, login/logout) or the test bed
    # (/api/fixtures/): passed, cached only in each browser's own Stowage partition.
    set req.http.Stowage-Fwd = "bypass";
    return (pass);
}

sub vcl_hit {
    # Within TTL: a hit. Within grace (past TTL): the built-in VCL delivers the stale object and
    # fetches a fresh one in the background, which is stale-while-revalidate (RFC 5861 §3).
    if (obj.ttl >= 0s) {
        set req.http.Stowage-Hit = "fresh";
    } else {
        set req.http.Stowage-Hit = "stale";
    }
    return (deliver);
}

sub vcl_miss {
    # Concurrent misses on one URL wait for the first one's fetch (Varnish's waiting list: request
    # coalescing, on by default); they then arrive in vcl_hit. Nothing to do here but record it.
    set req.http.Stowage-Fwd = "miss";
    return (fetch);
}

sub vcl_pass {
    if (!req.http.Stowage-Fwd) {
        # A hit-for-miss object (an answer marked uncacheable) sends its URL here.
        set req.http.Stowage-Fwd = "uri-miss";
    }
    return (fetch);
}

sub vcl_backend_fetch {
    if (bereq.url ~ "^/api/invalidations(\?|$)") {
        # The feed sends a keep-alive comment every 15 s; allow a few to go missing.
        set bereq.between_bytes_timeout = 3600s;
    }
    return (fetch);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    # The in-flight refill race (issue 14): the origin stamps each read with the newest
    # invalidation-log id committed when it began (Stowage-Read-Seq). Below the highest id a purge
    # has named, the read may predate that commit, and storing it would bring back what the purge
    # removed, for the whole TTL. It is delivered to whoever waits for it (it was current when it
    # began, like any answer in flight at a commit) and not stored: ttl 0, so the hit-for-miss
    # marker expires at once and the next reader fetches again. A read stamped at or above it
    # reflects every purged commit.
    if (beresp.http.Stowage-Read-Seq
        && std.integer(beresp.http.Stowage-Read-Seq, 0) < std.integer(var.global_get("purge-seq"), 0)) {
        set beresp.ttl = 0s;
        set beresp.grace = 0s;
        set beresp.keep = 0s;
        set beresp.uncacheable = true;
        set beresp.http.Stowage-Fwd-Detail = "refill-refused";
        if (beresp.was_304) {
            set beresp.http.Stowage-Fwd-Status = "304";
        } else {
            set beresp.http.Stowage-Fwd-Status = beresp.status;
        }
        return (deliver);
    }
    # Surrogate-Control (W3C Edge Architecture 1.0) carries this cache's own lifetime, separate
    # from the browser's Cache-Control: `max-age` is the TTL (what s-maxage would be), and
    # `stale-while-revalidate` the grace. Open-source Varnish does not read it for TTL, so it is
    # read here. Its presence also lifts the built-in rule below that makes `Cache-Control:
    # no-cache` uncacheable: the notes list says `no-cache` to browsers, but this cache is purged on
    # every commit, so it may keep the list.
    if (beresp.http.Surrogate-Control ~ "(^|[ ,])max-age=[0-9]+") {
        set beresp.ttl = std.duration(regsub(beresp.http.Surrogate-Control, "^.*(^|[ ,])max-age=([0-9]+).*$", "\2") + "s", 0s);
        if (beresp.http.Surrogate-Control ~ "stale-while-revalidate=[0-9]+") {
            set beresp.grace = std.duration(regsub(beresp.http.Surrogate-Control, "^.*stale-while-revalidate=([0-9]+).*$", "\1") + "s", 0s);
        } else {
            set beresp.grace = 0s;
        }
        # Kept past TTL + grace so the next fetch is conditional: the origin answers 304 with no body
        # when the ETag still matches, and Varnish merges its headers into the stored object.
        set beresp.keep = 1h;
    }
    # A conditional fetch Varnish made itself (the client's validators are not sent on a miss):
    # its stored copy was past TTL and grace, and is being revalidated (RFC 9211 `fwd=stale`).
    if (bereq.http.If-None-Match || bereq.http.If-Modified-Since) {
        set beresp.http.Stowage-Fwd-Reason = "stale";
    }
    # Which status the origin gave this fetch, for the Cache-Status `fwd-status` (RFC 9211 §2.3).
    if (beresp.was_304) {
        set beresp.http.Stowage-Fwd-Status = "304";
    } else {
        set beresp.http.Stowage-Fwd-Status = beresp.status;
    }
    # Falls through to the built-in: ttl <= 0, Set-Cookie, Surrogate-Control: no-store, `Vary: *`,
    # or (without Surrogate-Control) Cache-Control no-cache/no-store/private make the object
    # hit-for-miss for 120 s. RFC 9111 stores `no-cache` answers and revalidates them (§5.2.2.4);
    # Varnish does not store them at all, which is stricter and harmless. A `private` answer
    # (the per-user reads) is never shared, as RFC 9111 §5.2.2.7 requires.
}

sub vcl_deliver {
    # The tags and the surrogate's own lifetime are for this cache only (like a CDN's
    # Surrogate-Key): the browser gets the same tags as Cache-Groups.
    unset resp.http.xkey;
    unset resp.http.Surrogate-Control;
    # The refill guard's stamp is between the origin and this cache.
    unset resp.http.Stowage-Read-Seq;
    # Age (RFC 9111 §5.1) would tell the browser how long this copy sat here, and a note's
    # `max-age=5` would reach it already stale after 5 s in the proxy. But this copy cannot be older
    # than the last commit (the origin purges it then), so it is as current as a fresh origin
    # answer, and the browser-facing freshness stays what the origin said: no Age.
    unset resp.http.Age;

    # RFC 9211 Cache-Status: this cache's member goes after any the origin sent (the list runs from
    # the origin towards the client), and Stowage's worker appends its own after this one.
    if (req.http.Stowage-Hit == "fresh") {
        set req.http.Stowage-Status = "Varnish; hit; ttl=" + regsub(obj.ttl, "\..*$", "");
    } elsif (req.http.Stowage-Hit == "stale") {
        set req.http.Stowage-Status = "Varnish; hit; ttl=" + regsub(obj.ttl, "\..*$", "") + "; detail=grace";
    } else {
        if (resp.http.Stowage-Fwd-Reason) {
            set req.http.Stowage-Fwd = resp.http.Stowage-Fwd-Reason;
        }
        set req.http.Stowage-Status = "Varnish; fwd=" + req.http.Stowage-Fwd;
        if (resp.http.Stowage-Fwd-Status) {
            set req.http.Stowage-Status = req.http.Stowage-Status + "; fwd-status=" + resp.http.Stowage-Fwd-Status;
        }
        if (req.http.Stowage-Fwd ~ "^(miss|stale)$" && !obj.uncacheable) {
            set req.http.Stowage-Status = req.http.Stowage-Status + "; stored";
        }
        if (resp.http.Stowage-Fwd-Detail) {
            set req.http.Stowage-Status = req.http.Stowage-Status + "; detail=" + resp.http.Stowage-Fwd-Detail;
        }
    }
    unset resp.http.Stowage-Fwd-Detail;
    unset resp.http.Stowage-Fwd-Status;
    unset resp.http.Stowage-Fwd-Reason;
    if (resp.http.Cache-Status) {
        set resp.http.Cache-Status = resp.http.Cache-Status + ", " + req.http.Stowage-Status;
    } else {
        set resp.http.Cache-Status = req.http.Stowage-Status;
    }
    return (deliver);
}

sub vcl_synth {
    # Only PURGE and the refused control API end here; the count of purged objects helps debugging.
    if (req.http.Stowage-Purged) {
        set resp.http.Stowage-Purged = req.http.Stowage-Purged;
    }
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason + {"
"};
    return (deliver);
}
