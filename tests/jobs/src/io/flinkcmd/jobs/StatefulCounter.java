package io.flinkcmd.jobs;

import java.time.Duration;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringEncoder;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
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
 * A stateful streaming job whose output proves exactly-once across a restore.
 * The source emits 0, 1, 2, ... at --rate records per second (its position is
 * checkpointed); a keyed function counts the records of each key (value mod
 * --keys) in keyed state; the file sink commits part files only when a
 * checkpoint completes. Each output line is "value,key,count": after any
 * number of restores, the committed files hold every value from 0 up exactly
 * once, and each key's counts run 1, 2, 3, ... without a gap.
 *
 * Arguments: --output DIR (required), --rate N (default 50), --keys N (default 4).
 */
public final class StatefulCounter {
	public static void main(String[] args) throws Exception {
		ParameterTool params = ParameterTool.fromArgs(args);
		String output = params.getRequired("output");
		double rate = params.getDouble("rate", 50);
		int keys = params.getInt("keys", 4);

		StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
		DataGeneratorSource<Long> source = new DataGeneratorSource<>(
				index -> index, Long.MAX_VALUE, RateLimiterStrategy.perSecond(rate), Types.LONG);
		// one source task, so the values are one gapless sequence 0, 1, 2, ...
		env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence")
				.setParallelism(1)
				.uid("sequence")
				.keyBy(value -> value % keys)
				.process(new CountPerKey())
				.uid("count-per-key")
				.sinkTo(FileSink.forRowFormat(new Path(output), new SimpleStringEncoder<String>())
						.withRollingPolicy(OnCheckpointRollingPolicy.build())
						.withBucketCheckInterval(Duration.ofSeconds(1).toMillis())
						.build())
				.uid("files");
		env.execute(params.get("name", "stateful-counter"));
	}

	/** Counts records per key in keyed state. */
	static final class CountPerKey extends KeyedProcessFunction<Long, Long, String> {
		private transient ValueState<Long> count;

		@Override
		public void open(org.apache.flink.api.common.functions.OpenContext context) {
			count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
		}

		@Override
		public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
			long next = (count.value() == null ? 0 : count.value()) + 1;
			count.update(next);
			out.collect(value + "," + ctx.getCurrentKey() + "," + next);
		}
	}
}
