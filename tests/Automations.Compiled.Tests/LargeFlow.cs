// Written by a script: 200 steps, so the generator splits the main context into chunks of 64 steps.
// The jumps below cross chunk boundaries on purpose.
using System.Collections.Generic;
using Automations.Compiled.Tests.Support;

namespace Automations.Compiled.Tests
{
    public partial class LargeFlowTests
    {
        [Flow("large", StepBudget = 100_000)]
        private sealed partial class LargeFlow : IFlow<LargeFlowTests.Plan>
        {
            private readonly Log _log;

            public LargeFlow(Log log) => _log = log;

            [Action(1)]
            private void S1() => _log.Add("1");

            [Action(2)]
            private void S2() => _log.Add("2");

            [Action(3)]
            private void S3() => _log.Add("3");

            [Action(4)]
            private void S4() => _log.Add("4");

            [Action(5)]
            private void S5() => _log.Add("5");

            [Action(6)]
            private void S6() => _log.Add("6");

            [Action(7)]
            private void S7() => _log.Add("7");

            [Action(8)]
            private void S8() => _log.Add("8");

            [Action(9)]
            private void S9() => _log.Add("9");

            [Condition(10)]
            private static bool S10(LargeFlowTests.Plan plan) => plan.JumpAhead;

            [Action(1, Parent = nameof(S10), On = Endpoints.Then)]
            [Goto(nameof(S150))]
            private void Jump() => _log.Add("jump");

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
            private void S40() => _log.Add("40");

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

            [Run(70, nameof(Called1))]
            partial void S70();

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

            [Action(81)]
            private void S81() => _log.Add("81");

            [Action(82)]
            private void S82() => _log.Add("82");

            [Action(83)]
            private void S83() => _log.Add("83");

            [Action(84)]
            private void S84() => _log.Add("84");

            [Action(85)]
            private void S85() => _log.Add("85");

            [Action(86)]
            private void S86() => _log.Add("86");

            [Action(87)]
            private void S87() => _log.Add("87");

            [Action(88)]
            private void S88() => _log.Add("88");

            [Action(89)]
            private void S89() => _log.Add("89");

            [Action(90)]
            private void S90() => _log.Add("90");

            [Action(91)]
            private void S91() => _log.Add("91");

            [Action(92)]
            private void S92() => _log.Add("92");

            [Action(93)]
            private void S93() => _log.Add("93");

            [Action(94)]
            private void S94() => _log.Add("94");

            [Action(95)]
            private void S95() => _log.Add("95");

            [Action(96)]
            private void S96() => _log.Add("96");

            [Action(97)]
            private void S97() => _log.Add("97");

            [Action(98)]
            private void S98() => _log.Add("98");

            [Action(99)]
            private void S99() => _log.Add("99");

            [ForEach(100)]
            private static int[] S100() => new[] { 1, 2, 3 };

            [Action(1, Parent = nameof(S100))]
            private void Each([Item] int item) => _log.Add("each" + item);

            [Action(101)]
            private void S101() => _log.Add("101");

            [Action(102)]
            private void S102() => _log.Add("102");

            [Action(103)]
            private void S103() => _log.Add("103");

            [Action(104)]
            private void S104() => _log.Add("104");

            [Action(105)]
            private void S105() => _log.Add("105");

            [Action(106)]
            private void S106() => _log.Add("106");

            [Action(107)]
            private void S107() => _log.Add("107");

            [Action(108)]
            private void S108() => _log.Add("108");

            [Action(109)]
            private void S109() => _log.Add("109");

            [Action(110)]
            private void S110() => _log.Add("110");

            [Action(111)]
            private void S111() => _log.Add("111");

            [Action(112)]
            private void S112() => _log.Add("112");

            [Action(113)]
            private void S113() => _log.Add("113");

            [Action(114)]
            private void S114() => _log.Add("114");

            [Action(115)]
            private void S115() => _log.Add("115");

            [Action(116)]
            private void S116() => _log.Add("116");

            [Action(117)]
            private void S117() => _log.Add("117");

            [Action(118)]
            private void S118() => _log.Add("118");

            [Action(119)]
            private void S119() => _log.Add("119");

            [Action(120)]
            private void S120() => _log.Add("120");

            [Action(121)]
            private void S121() => _log.Add("121");

            [Action(122)]
            private void S122() => _log.Add("122");

            [Action(123)]
            private void S123() => _log.Add("123");

            [Action(124)]
            private void S124() => _log.Add("124");

            [Action(125)]
            private void S125() => _log.Add("125");

            [Action(126)]
            private void S126() => _log.Add("126");

            [Action(127)]
            private void S127() => _log.Add("127");

            [Action(128)]
            private void S128() => _log.Add("128");

            [Action(129)]
            private void S129() => _log.Add("129");

            [Wait(130, Event = "go")]
            partial void S130();

            [Action(131)]
            private void S131() => _log.Add("131");

            [Action(132)]
            private void S132() => _log.Add("132");

            [Action(133)]
            private void S133() => _log.Add("133");

            [Action(134)]
            private void S134() => _log.Add("134");

            [Action(135)]
            private void S135() => _log.Add("135");

            [Action(136)]
            private void S136() => _log.Add("136");

            [Action(137)]
            private void S137() => _log.Add("137");

            [Action(138)]
            private void S138() => _log.Add("138");

            [Action(139)]
            private void S139() => _log.Add("139");

            [Action(140)]
            private void S140() => _log.Add("140");

            [Action(141)]
            private void S141() => _log.Add("141");

            [Action(142)]
            private void S142() => _log.Add("142");

            [Action(143)]
            private void S143() => _log.Add("143");

            [Action(144)]
            private void S144() => _log.Add("144");

            [Action(145)]
            private void S145() => _log.Add("145");

            [Action(146)]
            private void S146() => _log.Add("146");

            [Action(147)]
            private void S147() => _log.Add("147");

            [Action(148)]
            private void S148() => _log.Add("148");

            [Action(149)]
            private void S149() => _log.Add("149");

            [Action(150)]
            private void S150() => _log.Add("150");

            [Action(151)]
            private void S151() => _log.Add("151");

            [Action(152)]
            private void S152() => _log.Add("152");

            [Action(153)]
            private void S153() => _log.Add("153");

            [Action(154)]
            private void S154() => _log.Add("154");

            [Action(155)]
            private void S155() => _log.Add("155");

            [Action(156)]
            private void S156() => _log.Add("156");

            [Action(157)]
            private void S157() => _log.Add("157");

            [Action(158)]
            private void S158() => _log.Add("158");

            [Action(159)]
            private void S159() => _log.Add("159");

            [Action(160)]
            private void S160() => _log.Add("160");

            [Action(161)]
            private void S161() => _log.Add("161");

            [Action(162)]
            private void S162() => _log.Add("162");

            [Action(163)]
            private void S163() => _log.Add("163");

            [Action(164)]
            private void S164() => _log.Add("164");

            [Action(165)]
            private void S165() => _log.Add("165");

            [Action(166)]
            private void S166() => _log.Add("166");

            [Action(167)]
            private void S167() => _log.Add("167");

            [Action(168)]
            private void S168() => _log.Add("168");

            [Action(169)]
            private void S169() => _log.Add("169");

            [Action(170)]
            private void S170() => _log.Add("170");

            [Action(171)]
            private void S171() => _log.Add("171");

            [Action(172)]
            private void S172() => _log.Add("172");

            [Action(173)]
            private void S173() => _log.Add("173");

            [Action(174)]
            private void S174() => _log.Add("174");

            [Action(175)]
            private void S175() => _log.Add("175");

            [Action(176)]
            private void S176() => _log.Add("176");

            [Action(177)]
            private void S177() => _log.Add("177");

            [Action(178)]
            private void S178() => _log.Add("178");

            [Action(179)]
            private void S179() => _log.Add("179");

            [Action(180)]
            private void S180() => _log.Add("180");

            [Action(181)]
            private void S181() => _log.Add("181");

            [Action(182)]
            private void S182() => _log.Add("182");

            [Action(183)]
            private void S183() => _log.Add("183");

            [Action(184)]
            private void S184() => _log.Add("184");

            [Action(185)]
            private void S185() => _log.Add("185");

            [Action(186)]
            private void S186() => _log.Add("186");

            [Action(187)]
            private void S187() => _log.Add("187");

            [Action(188)]
            private void S188() => _log.Add("188");

            [Action(189)]
            private void S189() => _log.Add("189");

            [Action(190)]
            private void S190() => _log.Add("190");

            [Action(191)]
            private void S191() => _log.Add("191");

            [Action(192)]
            private void S192() => _log.Add("192");

            [Action(193)]
            private void S193() => _log.Add("193");

            [Action(194)]
            private void S194() => _log.Add("194");

            [Action(195)]
            private void S195() => _log.Add("195");

            [Action(196)]
            private void S196() => _log.Add("196");

            [Action(197)]
            private void S197() => _log.Add("197");

            [Action(198)]
            private void S198() => _log.Add("198");

            [Action(199)]
            private void S199() => _log.Add("199");

            [Action(200)]
            private void S200() => _log.Add("200");

            [Action(1, Standalone = "called")]
            private void Called1() => _log.Add("called1");

            [Action(2, Standalone = "called")]
            private void Called2() => _log.Add("called2");
        }
    }
}
