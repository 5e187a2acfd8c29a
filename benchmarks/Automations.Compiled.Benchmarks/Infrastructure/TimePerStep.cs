using System;
using System.Globalization;
using System.Linq;
using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Automations.Compiled.Benchmarks.Infrastructure
{
    /// <summary>
    /// How many step executions one invocation of a benchmark makes (on the method, or on the class for all
    /// its methods). A benchmark with a <c>Steps</c> parameter uses that instead. Each benchmark class checks
    /// its numbers in [GlobalSetup] by counting the step records of a traced run.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, Inherited = false)]
    public sealed class StepsPerRunAttribute : Attribute
    {
        /// <summary>Creates the attribute.</summary>
        public StepsPerRunAttribute(int steps) => Steps = steps;

        /// <summary>Step executions per run.</summary>
        public int Steps { get; }
    }

    /// <summary>The "Time/step" column: the mean time of a run divided by its step executions.</summary>
    public sealed class TimePerStepColumn : IColumn
    {
        /// <summary>The one instance.</summary>
        public static readonly TimePerStepColumn Instance = new();

        /// <inheritdoc />
        public string Id => nameof(TimePerStepColumn);

        /// <inheritdoc />
        public string ColumnName => "Time/step";

        /// <inheritdoc />
        public bool AlwaysShow => true;

        /// <inheritdoc />
        public ColumnCategory Category => ColumnCategory.Statistics;

        /// <inheritdoc />
        public int PriorityInCategory => 10;

        /// <inheritdoc />
        public bool IsNumeric => true;

        /// <inheritdoc />
        public UnitType UnitType => UnitType.Time;

        /// <inheritdoc />
        public string Legend => "Mean divided by the step executions of one run (Steps column, or the benchmark's [StepsPerRun])";

        /// <summary>Step executions per invocation of a benchmark case, or null when it does not say.</summary>
        public static int? StepsOf(BenchmarkCase benchmarkCase)
        {
            var parameter = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == "Steps");
            if (parameter?.Value is int steps)
            {
                return steps;
            }

            var method = benchmarkCase.Descriptor.WorkloadMethod;
            return (method.GetCustomAttribute<StepsPerRunAttribute>() ?? method.DeclaringType?.GetCustomAttribute<StepsPerRunAttribute>())?.Steps;
        }

        /// <inheritdoc />
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        /// <inheritdoc />
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
            if (mean is not { } nanoseconds || StepsOf(benchmarkCase) is not { } steps || steps <= 0)
            {
                return "NA";
            }

            return (nanoseconds / steps).ToString("0.00", CultureInfo.InvariantCulture) + " ns";
        }

        /// <inheritdoc />
        public bool IsAvailable(Summary summary) => true;

        /// <inheritdoc />
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

        /// <inheritdoc />
        public override string ToString() => ColumnName;
    }

    /// <summary>Adds the Time/step column to a benchmark class.</summary>
    public sealed class TimePerStepConfig : ManualConfig
    {
        /// <summary>Creates the config.</summary>
        public TimePerStepConfig() => AddColumn(TimePerStepColumn.Instance);
    }
}
