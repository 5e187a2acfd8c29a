// Written by a script: 80 synchronous steps in journal mode checkpoint, so the generator splits the main context
// into chunks of 64 steps and, since no step awaits, makes the chunks plain methods. Step 5 jumps into the second chunk.
using Automations.Compiled.Tests.Support;

namespace Automations.Compiled.Tests
{
    public partial class SynchronousFlowTests
    {
        [Flow("sync-large", Journal = JournalMode.Checkpoint)]
        private sealed partial class LargeSynchronousFlow : IFlow<Job>
        {
            private readonly Log _log;

            public LargeSynchronousFlow(Log log) => _log = log;

            [Action(1)]
            private void S1() => _log.Add("1");

            [Action(2)]
            private void S2() => _log.Add("2");

            [Action(3)]
            private void S3() => _log.Add("3");

            [Action(4)]
            private void S4() => _log.Add("4");

            [Condition(5)]
            private static bool S5(Job job) => job.Stop;

            [Action(1, Parent = nameof(S5), On = Endpoints.Then)]
            [Goto(nameof(S70))]
            private void Jump() => _log.Add("jump");

            [Action(6)]
            private void S6() => _log.Add("6");

            [Action(7)]
            private void S7() => _log.Add("7");

            [Action(8)]
            private void S8() => _log.Add("8");

            [Action(9)]
            private void S9() => _log.Add("9");

            [Action(10)]
            private void S10() => _log.Add("10");

            [Action(11)]
            private void S11() => _log.Add("11");

            [Action(12)]
            private void S12() => _log.Add("12");

            [Action(13)]
            private void S13() => _log.Add("13");

            [Action(14)]
            private void S14() => _log.Add("14");

            [Action(15)]
            private void S15() => _log.Add("15");

            [Action(16)]
            private void S16() => _log.Add("16");

            [Action(17)]
            private void S17() => _log.Add("17");

            [Action(18)]
            private void S18() => _log.Add("18");

            [Action(19)]
            private void S19() => _log.Add("19");

            [Action(20)]
            private void S20() => _log.Add("20");

            [Action(21)]
            private void S21() => _log.Add("21");

            [Action(22)]
            private void S22() => _log.Add("22");

            [Action(23)]
            private void S23() => _log.Add("23");

            [Action(24)]
            private void S24() => _log.Add("24");

            [Action(25)]
            private void S25() => _log.Add("25");

            [Action(26)]
            private void S26() => _log.Add("26");

            [Action(27)]
            private void S27() => _log.Add("27");

            [Action(28)]
            private void S28() => _log.Add("28");

            [Action(29)]
            private void S29() => _log.Add("29");

            [Action(30)]
            private void S30() => _log.Add("30");

            [Action(31)]
            private void S31() => _log.Add("31");

            [Action(32)]
            private void S32() => _log.Add("32");

            [Action(33)]
            private void S33() => _log.Add("33");

            [Action(34)]
            private void S34() => _log.Add("34");

            [Action(35)]
            private void S35() => _log.Add("35");

            [Action(36)]
            private void S36() => _log.Add("36");

            [Action(37)]
            private void S37() => _log.Add("37");

            [Action(38)]
            private void S38() => _log.Add("38");

            [Action(39)]
            private void S39() => _log.Add("39");

            [Action(40)]
            private void S40(Job job)
            {
                _log.Add("40");
                if (job.Fail)
                {
                    throw new System.InvalidOperationException("step 40 refused");
                }
            }

            [Action(41)]
            private void S41() => _log.Add("41");

            [Action(42)]
            private void S42() => _log.Add("42");

            [Action(43)]
            private void S43() => _log.Add("43");

            [Action(44)]
            private void S44() => _log.Add("44");

            [Action(45)]
            private void S45() => _log.Add("45");

            [Action(46)]
            private void S46() => _log.Add("46");

            [Action(47)]
            private void S47() => _log.Add("47");

            [Action(48)]
            private void S48() => _log.Add("48");

            [Action(49)]
            private void S49() => _log.Add("49");

            [Action(50)]
            private void S50() => _log.Add("50");

            [Action(51)]
            private void S51() => _log.Add("51");

            [Action(52)]
            private void S52() => _log.Add("52");

            [Action(53)]
            private void S53() => _log.Add("53");

            [Action(54)]
            private void S54() => _log.Add("54");

            [Action(55)]
            private void S55() => _log.Add("55");

            [Action(56)]
            private void S56() => _log.Add("56");

            [Action(57)]
            private void S57() => _log.Add("57");

            [Action(58)]
            private void S58() => _log.Add("58");

            [Action(59)]
            private void S59() => _log.Add("59");

            [Action(60)]
            private void S60() => _log.Add("60");

            [Action(61)]
            private void S61() => _log.Add("61");

            [Action(62)]
            private void S62() => _log.Add("62");

            [Action(63)]
            private void S63() => _log.Add("63");

            [Action(64)]
            private void S64() => _log.Add("64");

            [Action(65)]
            private void S65() => _log.Add("65");

            [Action(66)]
            private void S66() => _log.Add("66");

            [Action(67)]
            private void S67() => _log.Add("67");

            [Action(68)]
            private void S68() => _log.Add("68");

            [Action(69)]
            private void S69() => _log.Add("69");

            [Action(70)]
            private void S70() => _log.Add("70");

            [Action(71)]
            private void S71() => _log.Add("71");

            [Action(72)]
            private void S72() => _log.Add("72");

            [Action(73)]
            private void S73() => _log.Add("73");

            [Action(74)]
            private void S74() => _log.Add("74");

            [Action(75)]
            private void S75() => _log.Add("75");

            [Action(76)]
            private void S76() => _log.Add("76");

            [Action(77)]
            private void S77() => _log.Add("77");

            [Action(78)]
            private void S78() => _log.Add("78");

            [Action(79)]
            private void S79() => _log.Add("79");

            [Action(80)]
            private void S80() => _log.Add("80");
        }
    }
}
