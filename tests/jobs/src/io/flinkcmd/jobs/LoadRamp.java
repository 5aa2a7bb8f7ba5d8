package io.flinkcmd.jobs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.flink.util.Collector;
import org.apache.flink.util.ParameterTool;

/**
 * A load generator for autoscaling tests: a source whose rate a test changes
 * while the job runs, a CPU-bound keyed operator, and exactly-once file output
 * that shows loss, duplicates and downtime.
 *
 * <p>"sequence" emits 0, 1, 2, ... (its position is checkpointed) at the rate
 * written in --rate-file (records per second as text; re-read about every
 * 500 ms; a missing, unreadable or malformed file keeps the last rate; 0 pauses).
 * It runs with parallelism 1 and max parallelism 1, since DataGeneratorSource
 * cannot scale up, which also tells the adaptive scheduler and an autoscaler
 * that it is fixed. The source drops what it cannot emit: under backpressure it
 * does not build a backlog to catch up on later.
 *
 * <p>"burn" (keyed by value mod --keys) spins the CPU for --cost-us microseconds
 * per record, so busyTimeMsPerSecond shows the load, counts the records of each
 * key in keyed state and emits "value,key,count,subtask,epochMillis", where
 * epochMillis is the wall-clock time it processed the record. Its parallelism is
 * the cluster's or the submission's; the file sink chains after it. The sink
 * commits part files only when a checkpoint completes (files whose names start
 * with '.' are in progress or pending), so the committed files hold every value
 * from 0 up exactly once and each key's counts run 1, 2, 3, ... across any
 * rescale or restore; scripts/job-output.sh checks that and measures gaps.
 *
 * <p>Arguments: --output DIR (required), --rate-file PATH (default
 * /flink-data/load/rate), --rate N (initial records per second, default 50),
 * --cost-us N (default 2000), --keys N (default 64), --name NAME (default
 * load-ramp). Checkpoints come from the submission; without any, every 2 s.
 */
public final class LoadRamp {
	public static void main(String[] args) throws Exception {
		ParameterTool params = ParameterTool.fromArgs(args);
		String output = params.getRequired("output");
		String rateFile = params.get("rate-file", "/flink-data/load/rate");
		double rate = params.getDouble("rate", 50);
		long costUs = params.getLong("cost-us", 2000);
		int keys = params.getInt("keys", 64);
		if (keys < 1 || costUs < 0 || rate < 0) {
			throw new IllegalArgumentException("--keys must be at least 1, --cost-us and --rate not negative");
		}

		StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
		if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
			env.enableCheckpointing(2000);
		}
		DataGeneratorSource<Long> source = new DataGeneratorSource<>(
				index -> index, Long.MAX_VALUE, new FileRateStrategy(rateFile, rate), Types.LONG);
		env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence")
				.setParallelism(1)
				.setMaxParallelism(1)
				.uid("sequence")
				.keyBy(value -> value % keys)
				.process(new Burn(costUs))
				.name("burn")
				.uid("burn")
				.sinkTo(FileSink.forRowFormat(new Path(output), new SimpleStringEncoder<String>())
						.withRollingPolicy(OnCheckpointRollingPolicy.build())
						.withBucketCheckInterval(Duration.ofSeconds(1).toMillis())
						.build())
				.name("files")
				.uid("files");
		env.execute(params.get("name", "load-ramp"));
	}

	/** Spins the CPU per record, counts per key, and stamps subtask and time. */
	static final class Burn extends KeyedProcessFunction<Long, Long, String> {
		private final long costNanos;
		private transient ValueState<Long> count;
		private transient int subtask;

		Burn(long costUs) {
			this.costNanos = costUs * 1000;
		}

		@Override
		public void open(OpenContext context) {
			count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
			subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
		}

		@Override
		public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
			long end = System.nanoTime() + costNanos;
			while (System.nanoTime() < end) {
				Thread.onSpinWait();
			}
			Long previous = count.value();
			long next = (previous == null ? 0 : previous) + 1;
			count.update(next);
			out.collect(value + "," + ctx.getCurrentKey() + "," + next + "," + subtask + ","
					+ System.currentTimeMillis());
		}
	}

	/** Makes one FileRateLimiter per source subtask, each with an even share of the rate. */
	static final class FileRateStrategy implements RateLimiterStrategy<SourceSplit> {
		private static final long serialVersionUID = 1L;
		private final String path;
		private final double initial;

		FileRateStrategy(String path, double initial) {
			this.path = path;
			this.initial = initial;
		}

		@Override
		public RateLimiter<SourceSplit> createRateLimiter(int parallelism) {
			return new FileRateLimiter(path, initial, Math.max(1, parallelism));
		}
	}

	/**
	 * Hands out permits at the rate the file names. Each permit reserves the
	 * next slot of 1/rate seconds. A slot may start up to 100 ms in the past,
	 * which absorbs timer jitter, but time lost to backpressure beyond that is
	 * not made up with a burst. Waits run on a timer thread of this limiter
	 * that ends 2 s after its last wait, so none is left behind when the task
	 * ends.
	 */
	static final class FileRateLimiter implements RateLimiter<SourceSplit> {
		private static final long RELOAD_NANOS = 500_000_000L;
		private static final long SLACK_NANOS = 100_000_000L;
		private static final long PAUSE_NANOS = 200_000_000L;
		private final java.nio.file.Path file;
		private final int share;
		private double rate;
		private long lastRead;
		private boolean read;
		private long next;
		private ScheduledThreadPoolExecutor timer;

		FileRateLimiter(String path, double initial, int share) {
			this.file = Paths.get(path);
			this.share = share;
			this.rate = initial;
		}

		@Override
		public CompletionStage<Void> acquire(int permits) {
			long wait = reserve(permits);
			if (wait == 0) {
				return CompletableFuture.completedFuture(null);
			}
			CompletableFuture<Void> granted = new CompletableFuture<>();
			later(granted, permits, wait);
			return granted;
		}

		/** Completes granted after wait ns, or, when paused (wait < 0), tries again later. */
		private void later(CompletableFuture<Void> granted, int permits, long wait) {
			if (wait > 0) {
				timer().schedule(() -> granted.complete(null), wait, TimeUnit.NANOSECONDS);
				return;
			}
			timer().schedule(() -> {
				long again = reserve(permits);
				if (again == 0) {
					granted.complete(null);
				} else {
					later(granted, permits, again);
				}
			}, PAUSE_NANOS, TimeUnit.NANOSECONDS);
		}

		/** Reserves permits: the ns to wait for them, or -1 while the rate is 0. */
		private synchronized long reserve(int permits) {
			long now = System.nanoTime();
			if (!read || now - lastRead >= RELOAD_NANOS) {
				reload();
				read = true;
				lastRead = now;
			}
			double perSubtask = rate / share;
			if (!(perSubtask > 0)) {
				return -1;
			}
			long start = Math.max(next, now - SLACK_NANOS);
			next = start + (long) (permits * 1e9 / perSubtask);
			return Math.max(0, start - now);
		}

		private synchronized ScheduledThreadPoolExecutor timer() {
			if (timer == null) {
				timer = new ScheduledThreadPoolExecutor(1, runnable -> {
					Thread thread = new Thread(runnable, "load-ramp-rate");
					thread.setDaemon(true);
					return thread;
				});
				timer.setKeepAliveTime(2, TimeUnit.SECONDS);
				timer.allowCoreThreadTimeOut(true);
			}
			return timer;
		}

		private void reload() {
			try {
				String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
				double value = Double.parseDouble(text);
				if (value >= 0 && !Double.isInfinite(value)) {
					rate = value;
				}
			} catch (IOException | RuntimeException e) {
				// missing, unreadable or malformed: keep the last rate
			}
		}
	}
}
